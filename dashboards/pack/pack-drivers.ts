/** The Growing OHWB Together strategy drivers (domain notes §1) a pack's sections evidence. */
export const DRIVERS = {
  impact: "Identity and impact: a value proposition for OH and Board-level recognition",
  measurement: "Services across systems: service standards, quality, measurement and consistency",
  access: "Services across systems: access, equality and prevention",
  people: "People: capacity, capability and a multidisciplinary model",
  evidence: "Evidence-based practice: supporting recovery and transformation",
} as const;
