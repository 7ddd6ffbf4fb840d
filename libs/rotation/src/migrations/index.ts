import { RotationInit1764830000100 } from './1764830000100-rotation-init.js';

/** Rotation migrations, in order. Never edit one that has landed; add a new one. */
export const rotationMigrations = [RotationInit1764830000100];
