export * from './core.module.js';
export * from './migrations.js';
