import { defineErrors } from '../errors/domain-error.js';

export const TaskErrors = defineErrors({
  notFound: { code: 'platform/task_not_found', status: 404, en: 'No such task.', vi: 'Không tìm thấy tác vụ.' },
  fileNotFound: {
    code: 'platform/task_file_not_found',
    status: 404,
    en: 'The task has no file named {name}.',
    vi: 'Tác vụ không có tệp tên {name}.',
  },
  failed: {
    code: 'platform/task_failed',
    status: 503,
    en: 'The task could not be completed after {attempts} attempts. Start it again later; if it keeps failing, quote the task id {taskId}.',
    vi: 'Không hoàn thành được tác vụ sau {attempts} lần thử. Vui lòng chạy lại sau; nếu vẫn lỗi, hãy báo kèm mã tác vụ {taskId}.',
  },
  notQueued: {
    code: 'platform/task_not_queued',
    status: 503,
    en: 'The task could not be queued: the job queue is unavailable. Try again later.',
    vi: 'Không đưa được tác vụ vào hàng đợi: hàng đợi công việc đang không khả dụng. Vui lòng thử lại sau.',
  },
});
