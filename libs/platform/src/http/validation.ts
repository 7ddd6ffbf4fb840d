import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { PlatformErrors } from '../errors/platform.errors.js';
import { vietnameseProblem } from './validation-vi.js';

export interface FieldProblem {
  field: string;
  problems: string[];
  /** The same problems in Vietnamese (field names kept as the API spells them). */
  problemsVi: string[];
}

function collect(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const c = e.constraints ?? {};
    const own = e.constraints
      ? [
          {
            field,
            problems: Object.values(c),
            problemsVi: Object.entries(c).map(([kind, en]) => vietnameseProblem(kind, en)),
          },
        ]
      : [];
    return [...own, ...collect(e.children ?? [], field)];
  });
}

/** The one validation pipe: strips nothing silently — unknown fields are rejected (mass assignment), types coerced. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = collect(errors);
      return PlatformErrors.validationFailed({
        summary: fields.map((f) => `${f.field}: ${f.problems.join('; ')}`).join(' | '),
        summaryVi: fields.map((f) => `${f.field}: ${f.problemsVi.join('; ')}`).join(' | '),
        fields,
      });
    },
  });
}
