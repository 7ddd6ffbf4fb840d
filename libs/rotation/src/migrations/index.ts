import { RotationInit1764830000100 } from './1764830000100-rotation-init.js';
import { RotationOfflineBatches1764830000300 } from './1764830000300-rotation-offline-batches.js';
import { RotationMobileDeposit1764930000100 } from './1764930000100-rotation-mobile-deposit.js';
import { RotationPackedItems1764930000200 } from './1764930000200-rotation-packed-items.js';

/** Rotation migrations, in order. Never edit one that has landed; add a new one. */
export const rotationMigrations = [
  RotationInit1764830000100,
  RotationOfflineBatches1764830000300,
  RotationMobileDeposit1764930000100,
  RotationPackedItems1764930000200,
];
