export * from './network.module.js';
export * from './network.errors.js';
export * from './network.types.js';
export * from './network-access.js';
export { networkMigrations } from './migrations/index.js';
export { UnitsService, type Unit, type UnitLink, type UnitNode, type CreateUnitInput } from './units/units.service.js';
export { UnitHistoryService, type Succession, type SuccessionKind } from './units/unit-history.service.js';
export {
  InstitutionsService,
  type Institution,
  type InstitutionMembership,
  type ServicePoint,
  type CreateInstitutionInput,
  type InstitutionFilter,
} from './institutions/institutions.service.js';
export { CalendarService, type CalendarDay, type Closure, type OpeningInterval } from './calendar/calendar.service.js';
export { DEMO_INSTITUTIONS, DEMO_UNITS, DEMO_MERGES } from './seed/demo-network.js';
export { NetworkSeeder } from './seed/network.seeder.js';
