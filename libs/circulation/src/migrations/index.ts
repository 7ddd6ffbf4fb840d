import { CirculationInit1763830000000 } from './1763830000000-circulation-init.js';
import { CirculationElending1763830000001 } from './1763830000001-circulation-elending.js';
import { CirculationLoansOwedIndex1764400000000 } from './1764400000000-circulation-loans-owed-index.js';
import { CirculationChargeSettlements1764400001000 } from './1764400001000-circulation-charge-settlements.js';
import { CirculationTransferClosing1764400002000 } from './1764400002000-circulation-transfer-closing.js';
import { CirculationElendingStaffIndexes1764400003000 } from './1764400003000-circulation-elending-staff-indexes.js';
import { CirculationPolicySignals1764500000200 } from './1764500000200-circulation-policy-signals.js';
import { CirculationNoticesMoved1764820000200 } from './1764820000200-circulation-notices-moved.js';
import { CirculationChargeLedger1764970000000 } from './1764970000000-circulation-charge-ledger.js';

/** Circulation migrations, in order. Never edit one that has landed; add a new one. */
export const circulationMigrations = [
  CirculationInit1763830000000,
  CirculationElending1763830000001,
  CirculationLoansOwedIndex1764400000000,
  CirculationChargeSettlements1764400001000,
  CirculationTransferClosing1764400002000,
  CirculationElendingStaffIndexes1764400003000,
  CirculationPolicySignals1764500000200,
  CirculationNoticesMoved1764820000200,
  CirculationChargeLedger1764970000000,
];
