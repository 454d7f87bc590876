/**
 * Like compared with like: the funnel plot compares providers only within their NHS England cluster
 * group (the CLUSTER_GROUP column of the sickness absence benchmarking publication). Integrated care
 * boards, commissioning support units and "Others" (national bodies) are not providers of care and are
 * left out, as are organisations without a published cluster.
 */
export interface FunnelGroup {
  /** CLUSTER_GROUP exactly as published. */
  cluster: string;
  /** Plural label for headings and text ("acute trusts"). */
  label: string;
  /** Short id for chart ids and file names. */
  id: string;
}

export const FUNNEL_GROUPS: readonly FunnelGroup[] = [
  { cluster: "Acute", label: "acute trusts", id: "acute" },
  { cluster: "Mental Health", label: "mental health trusts", id: "mental-health" },
  { cluster: "Community Provider Trust", label: "community trusts", id: "community" },
  { cluster: "Ambulance", label: "ambulance trusts", id: "ambulance" },
];

/** The comparison group of a published cluster, or null for non-providers and unknown clusters. */
export function funnelGroupOf(cluster: string | null | undefined): FunnelGroup | null {
  return FUNNEL_GROUPS.find((g) => g.cluster === cluster) ?? null;
}
