/**
 * Every enumeration used by the event contracts, in one place, each value with
 * its display label. Schemas, JSON Schema exports, docs and dashboards all read
 * from here, so a label is changed once.
 */

/** An enumeration: machine values (the keys) with display labels. */
export interface Enumeration<V extends string> {
  readonly values: readonly [V, ...V[]];
  readonly labels: Readonly<Record<V, string>>;
}

function enumeration<const T extends Record<string, string>>(labels: T): Enumeration<keyof T & string> {
  return { values: Object.keys(labels) as [keyof T & string, ...(keyof T & string)[]], labels };
}

/** ESR sickness absence reasons (level 1), with the exact ESR labels (domain.md §2). */
export const esrAbsenceReasons = enumeration({
  S10: "Anxiety/stress/depression/other psychiatric illnesses",
  S11: "Back Problems",
  S12: "Other musculoskeletal problems",
  S13: "Cold Cough Flu - Influenza",
  S14: "Asthma",
  S15: "Chest & respiratory problems",
  S16: "Headache / migraine",
  S17: "Benign and malignant tumours cancers",
  S18: "Blood disorders",
  S19: "Heart cardiac & circulatory problems",
  S20: "Burns poisoning frostbite hypothermia",
  S21: "Ear nose throat (ENT)",
  S22: "Dental and oral problems",
  S23: "Eye problems",
  S24: "Endocrine / glandular problems",
  S25: "Gastrointestinal problems",
  S26: "Genitourinary & gynaecological disorders",
  S27: "Infectious diseases",
  S28: "Injury fracture",
  S29: "Nervous system disorders",
  S30: "Pregnancy related disorders",
  S31: "Skin disorders",
  S32: "Substance abuse",
  S98: "Other known causes - not elsewhere classified",
  S99: "Unknown causes / Not specified",
});

/**
 * ESR "related reason" (optional level-2 qualifier). Only the values the
 * warehouse uses are enumerated; COVID-19 is the one the publisher splits out.
 */
export const esrRelatedReasons = enumeration({
  covid19: "Coronavirus (COVID-19)",
  work_related_injury: "Work related injury",
  industrial_injury: "Industrial injury",
  other: "Other related reason",
});

/**
 * NHS staff groups as labelled in NHS England's sickness absence benchmarking
 * CSV. The values ARE the canonical labels, so events, the published CSV and
 * the marts share one vocabulary. "All staff groups" is an aggregate and only
 * valid in aggregate feeds (see `aggregateStaffGroupLabels`).
 */
export const staffGroups = enumeration({
  "HCHS doctors": "HCHS doctors",
  "Nurses & health visitors": "Nurses & health visitors",
  Midwives: "Midwives",
  "Ambulance staff": "Ambulance staff",
  "Scientific, therapeutic & technical staff": "Scientific, therapeutic & technical staff",
  "Support to doctors, nurses & midwives": "Support to doctors, nurses & midwives",
  "Support to ambulance staff": "Support to ambulance staff",
  "Support to ST&T staff": "Support to ST&T staff",
  "Central functions": "Central functions",
  "Hotel, property & estates": "Hotel, property & estates",
  "Senior managers": "Senior managers",
  Managers: "Managers",
  "Unknown classification": "Unknown classification",
});
export type StaffGroup = (typeof staffGroups.values)[number];

export const ALL_STAFF_GROUPS = "All staff groups" as const;

/** Staff group labels valid in aggregate feeds: every staff group plus the "All staff groups" total. */
export const aggregateStaffGroups = enumeration({
  [ALL_STAFF_GROUPS]: ALL_STAFF_GROUPS,
  ...staffGroups.labels,
} as { "All staff groups": "All staff groups" } & Record<StaffGroup, string>);

/**
 * Labels seen in publications for the same group (case and wording drift
 * between releases; the 2023 benchmarking CSVs use "HCHS Doctors" and
 * "Other staff or those with unknown classification").
 */
const staffGroupAliases: Readonly<Record<string, StaffGroup | typeof ALL_STAFF_GROUPS>> = {
  "hchs doctors": "HCHS doctors",
  "hchs doctor": "HCHS doctors",
  doctors: "HCHS doctors",
  "nurses and health visitors": "Nurses & health visitors",
  "nurses, midwives & health visitors": "Nurses & health visitors",
  "scientific, therapeutic and technical staff": "Scientific, therapeutic & technical staff",
  "support to doctors, nurses and midwives": "Support to doctors, nurses & midwives",
  "support to doctors and nurses": "Support to doctors, nurses & midwives",
  "support to st and t staff": "Support to ST&T staff",
  "support to scientific, therapeutic & technical staff": "Support to ST&T staff",
  "hotel, property and estates": "Hotel, property & estates",
  "other staff or those with unknown classification": "Unknown classification",
  "other staff or those with unknown classifications": "Unknown classification",
  unknown: "Unknown classification",
  "all staff": ALL_STAFF_GROUPS,
};

const canonicalByKey: ReadonlyMap<string, string> = new Map<string, string>([
  ...aggregateStaffGroups.values.map((label): [string, string] => [normaliseLabel(label), label]),
  ...Object.entries(staffGroupAliases).map(([alias, label]): [string, string] => [
    normaliseLabel(alias),
    label,
  ]),
]);

function normaliseLabel(label: string): string {
  return label.trim().replace(/\s+/g, " ").toLowerCase();
}

/**
 * The canonical staff group label for a published label variant (case,
 * spacing and known wording changes), or undefined when the label is unknown.
 * Includes "All staff groups".
 */
export function canonicalStaffGroup(label: string): string | undefined {
  if (typeof label !== "string" || label.length > 200) return undefined;
  return canonicalByKey.get(normaliseLabel(label));
}

/** Why a staff member was referred to occupational health. */
export const referralTypes = enumeration({
  management: "Management referral",
  self: "Self-referral",
  pre_placement: "Pre-placement (new starter) assessment",
  health_surveillance: "Health surveillance",
  ill_health_retirement: "Ill-health retirement assessment",
  other: "Other",
});

/** Who initiated the referral (referral.received v2). */
export const referralSources = enumeration({
  line_manager: "Line manager",
  hr: "HR / people team",
  self: "Employee (self-referral)",
  occupational_health: "Occupational health (internal)",
  other: "Other",
  not_recorded: "Not recorded",
});

/** Coded, minimal reason category for a referral (no clinical free text: domain.md §3). */
export const referralReasonCategories = enumeration({
  mental_health: "Mental health",
  musculoskeletal: "Musculoskeletal",
  long_term_absence: "Long-term sickness absence",
  recurrent_short_term_absence: "Recurrent short-term absence",
  work_related_injury: "Work-related injury or ill health",
  performance_capability: "Performance or capability",
  long_term_condition: "Long-term condition / disability",
  pregnancy: "Pregnancy / new and expectant mother",
  other: "Other",
});

export const triagePriorities = enumeration({
  urgent: "Urgent",
  routine: "Routine",
  fast_track: "Fast track",
});

export const triagePathways = enumeration({
  oha: "Occupational health advisor (OHA/OHN)",
  ohp: "Occupational health physician (OHP)",
  physio: "MSK physiotherapy",
  psychology: "Psychology",
  eap: "Employee assistance programme (EAP)",
  advice_only: "Advice only, no appointment",
});

export const referralClosureReasons = enumeration({
  completed: "Completed",
  withdrawn_by_manager: "Withdrawn by manager",
  withdrawn_by_employee: "Withdrawn by employee",
  consent_declined: "Consent declined",
  left_employment: "Left employment",
  repeated_dna: "Repeated non-attendance",
  duplicate: "Duplicate referral",
});

export const clinicianRoles = enumeration({
  ohp: "Occupational health physician",
  ohn: "Occupational health nurse / advisor",
  physio: "Physiotherapist",
  psychologist: "Psychologist",
  counsellor: "Counsellor",
  technician: "OH technician",
});

export const appointmentModalities = enumeration({
  face_to_face: "Face to face",
  telephone: "Telephone",
  video: "Video",
});

export const appointmentCancellers = enumeration({
  staff: "Cancelled by staff member",
  service: "Cancelled by OH service",
  manager: "Cancelled by manager",
});

export const reportRecipients = enumeration({
  manager: "Manager",
  hr: "HR",
  employee_only: "Employee only (consent to release withheld)",
});

export const fitnessOutcomes = enumeration({
  fit: "Fit for role",
  fit_with_adjustments_temporary: "Fit with temporary adjustments",
  fit_with_adjustments_permanent: "Fit with permanent adjustments",
  temporarily_unfit: "Temporarily unfit",
  permanently_unfit_role: "Permanently unfit for current role",
  ihr_supported: "Ill-health retirement supported",
});

export const adjustmentTypes = enumeration({
  hours: "Hours",
  duties: "Duties",
  phased_return: "Phased return",
  redeployment: "Redeployment",
  equipment: "Equipment",
  location: "Location",
  other: "Other",
});

export const adjustmentDurations = enumeration({
  temporary: "Temporary",
  permanent: "Permanent",
});

export const onwardReferralTargets = enumeration({
  gp: "GP",
  physio: "MSK physiotherapy",
  psychology: "Psychology",
  eap: "Employee assistance programme",
  specialist: "Specialist / secondary care",
  ohp: "Occupational health physician",
  other: "Other",
});

export const preplacementOutcomes = enumeration({
  cleared: "Cleared",
  cleared_with_adjustments: "Cleared with adjustments",
  further_assessment: "Further assessment needed",
  not_cleared: "Not cleared",
});

/** Exposure-prone procedures clearance (UKAP / UK Health Security Agency). */
export const eppClearances = enumeration({
  not_required: "Not required",
  cleared: "EPP cleared",
  pending: "EPP clearance pending",
  restricted: "EPP restricted",
});

export const vaccines = enumeration({
  influenza: "Influenza",
  covid19: "COVID-19",
  hep_b: "Hepatitis B",
  mmr: "MMR",
  varicella: "Varicella",
  bcg: "BCG",
  td_ipv: "Td/IPV",
  hep_a: "Hepatitis A",
  other: "Other",
});

export const serologyAntigens = enumeration({
  hep_b_surface_antibody: "Hepatitis B surface antibody (anti-HBs)",
  varicella_igg: "Varicella zoster IgG",
  measles_igg: "Measles IgG",
  rubella_igg: "Rubella IgG",
  hep_c_antibody: "Hepatitis C antibody",
  hiv_antibody: "HIV antibody/antigen",
  tb_igra: "TB interferon-gamma release assay",
  other: "Other",
});

export const serologyResults = enumeration({
  immune: "Immune",
  non_immune: "Non-immune",
  responder: "Responder",
  low_responder: "Low responder",
  non_responder: "Non-responder",
  positive: "Positive",
  negative: "Negative",
  equivocal: "Equivocal",
});

export const exposureTypes = enumeration({
  sharps: "Sharps / needlestick",
  splash: "Splash (mucocutaneous)",
  bite: "Human bite",
  scratch: "Scratch",
});

export const exposureSourceStatuses = enumeration({
  known_negative: "Source known BBV negative",
  known_bbv_positive: "Source known BBV positive",
  unknown: "Source status unknown",
  untraceable: "Source untraceable",
});

export const exposureRiskLevels = enumeration({
  high: "High risk (PEP indicated per UKHSA)",
  low: "Low risk",
  not_assessed: "Not assessed",
});

export const surveillanceProgrammes = enumeration({
  skin: "Skin (COSHH dermatitis)",
  respiratory_spirometry: "Respiratory (spirometry)",
  respiratory_questionnaire: "Respiratory (questionnaire)",
  audiometry: "Audiometry (noise above 85 dB(A))",
  havs_tier1: "HAVS tier 1",
  havs_tier2: "HAVS tier 2",
  havs_tier3: "HAVS tier 3",
  havs_tier4: "HAVS tier 4",
  night_worker: "Night worker assessment",
  other: "Other",
});

export const surveillanceOutcomes = enumeration({
  normal: "Normal",
  refer: "Referred for further assessment",
  restricted: "Restricted",
  work_related_disease_confirmed: "Work-related disease confirmed",
});

export const interventionServices = enumeration({
  msk_physio: "MSK physiotherapy",
  psychology: "Psychology",
  counselling_eap: "Counselling / EAP",
  other: "Other",
});

export const interventionOutcomeMeasures = enumeration({
  phq9: "PHQ-9",
  gad7: "GAD-7",
  core10: "CORE-10",
  msk_hq: "MSK-HQ",
  psfs: "Patient-specific functional scale",
  none: "None recorded",
});

export const feedbackRespondents = enumeration({
  employee: "Employee",
  manager: "Manager",
});

export const absenceCancellationReasons = enumeration({
  entered_in_error: "Entered in error",
  duplicate: "Duplicate record",
  not_sickness: "Reclassified as another absence category",
  other: "Other",
});

export const serviceCostTypes = enumeration({
  staff: "Staff",
  contract: "Contract / commissioned service",
  vaccine: "Vaccines and consumables",
  other: "Other",
});

/** NHS England benchmarking "cluster" (organisation type). */
export const clusterGroups = enumeration({
  Acute: "Acute",
  Ambulance: "Ambulance",
  "Community Provider Trust": "Community Provider Trust",
  "Mental Health": "Mental Health",
  "Integrated Care Board": "Integrated Care Board",
  "Commissioning Support Unit": "Commissioning Support Unit",
  Others: "Others",
});
