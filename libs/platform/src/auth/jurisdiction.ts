/** What other modules may know about an institution (the network module owns the rest). */
export interface InstitutionSummary {
  id: string;
  code: string;
  name: string;
  /** Institution type code (see network's institution types: public_library, school_library, museum, …). */
  type: string;
  /** province | district | commune | null for types without a level. */
  level: string | null;
  /** Administrative unit it belongs to as of the date asked. */
  unitId: string;
  parentInstitutionId: string | null;
}

/** What other modules may know about an administrative unit. */
export interface UnitSummary {
  id: string;
  code: string;
  name: string;
  /** province | district | commune. */
  level: string;
  /** Network's unit kind (e.g. urban district `quan` vs rural `huyen`), null when unknown. */
  kind: string | null;
  /** Parent unit as of the date asked (null for a province). */
  parentId: string | null;
}

/**
 * Answers "which institutions fall under these administrative units?" for access checks, usage stamping and
 * reports. Implemented by the network module and provided globally under JURISDICTION_DIRECTORY, so other
 * modules depend on this port, not on network's tables.
 */
export interface JurisdictionDirectory {
  /** Ids of the units themselves and every unit under them, as of `asOf` (default: now). */
  unitsUnder(unitIds: string[], asOf?: Date): Promise<string[]>;
  /** Ids of the institutions located in those units (or below), as of `asOf`. */
  institutionsUnder(unitIds: string[], asOf?: Date): Promise<string[]>;
  /** The administrative unit an institution belonged to at `at` (for stamping usage events). */
  unitOfInstitution(institutionId: string, at: Date): Promise<string | undefined>;
  /** Summaries of the given institutions (unknown ids are left out), as of `asOf`. */
  describeInstitutions(ids: string[], asOf?: Date): Promise<InstitutionSummary[]>;
  /** Whether an institution or service point id exists (service points resolve to their institution). */
  resolveLocation(id: string): Promise<{ institutionId: string; servicePointId: string | null } | undefined>;
  /** Bulk form of resolveLocation for batch ingestion: one round trip for many ids. Unknown ids are left out of the map. */
  resolveLocations(ids: string[]): Promise<Map<string, { institutionId: string; servicePointId: string | null }>>;
  /**
   * Bulk form of unitOfInstitution: the unit of each institution on each Vietnam calendar day (YYYY-MM-DD), keyed
   * `${institutionId}|${day}`; pairs without a unit are left out.
   */
  unitsOnDays(pairs: { institutionId: string; day: string }[]): Promise<Map<string, string>>;
  /** Summaries of the given units (unknown ids left out), as of `asOf`. Used by plans reports (drill-down, names). */
  describeUnits?(ids: string[], asOf?: Date): Promise<UnitSummary[]>;
  /** Units with no parent as of `asOf` (the provinces): the country's top level, for national reports. */
  rootUnits?(asOf?: Date): Promise<UnitSummary[]>;
  /** The unit with this code (demo data attaches plans to units by code). */
  unitByCode?(code: string): Promise<UnitSummary | undefined>;
  /**
   * A unit's ground through reorganisations, per year: the institutions open during the year that were in the unit
   * then, or, once it was abolished, those that were in it on its last day (wherever they sit now) and those placed
   * in a successor formed only from its parts. Used by plans, which keep the jurisdiction they were adopted for.
   */
  groundMembers?(unitId: string, years: number[]): Promise<Map<number, string[]>>;
  /** Units that now carry an abolished unit's ground (its successors, transitively); empty while it exists. */
  successorsOf?(unitId: string): Promise<string[]>;
  /** Population of each unit in `year` (units without a figure are left out). Used for participation shares. */
  populationOf?(unitIds: string[], year: number): Promise<Record<string, number>>;
}

export const JURISDICTION_DIRECTORY = Symbol('suotdoi:jurisdiction-directory');
