/**
 * The transforms stage's user-facing messages (models, build, incremental refresh, data tests,
 * dictionary), each saying what to do next. Other stages keep their own catalogues.
 */
export const transformMessages = {
  modelInvalid: (detail: string) => `Invalid transform model: ${detail}`,
  missingDependency: (model: string, dependency: string) =>
    `Model ${model} depends on "${dependency}", which is not a model. Fix its "-- depends:" header or add the model.`,
  dependencyCycle: (models: readonly string[]) =>
    `Models depend on each other in a cycle and cannot be ordered: ${models.join(", ")}. Check their "-- depends:" headers.`,
  lineageMismatch: (model: string, path: string, undeclared: readonly string[], unused: readonly string[]) =>
    `${model} (${path}): its SQL and its header disagree about what it reads.` +
    (undeclared.length > 0
      ? ` Referenced but not in "-- depends:"/"-- reads:": ${undeclared.join(", ")}.`
      : "") +
    (unused.length > 0 ? ` Declared but never referenced: ${unused.join(", ")}.` : "") +
    ' Make "-- depends:" list exactly the models, and "-- reads:" the landing tables, that its FROM and JOIN clauses name.',
  notALandingTable: (path: string, table: string) =>
    `${path}: reads "${table}", which is not a landing table. Fix its "-- reads:" header (landing tables are raw_*, one per event type).`,
  badAsOf: (value: string) => `--as-of must be a date YYYY-MM-DD, got "${value}".`,
  unknownParameter: (name: string, where: string) =>
    `Unknown parameter {{${name}}} in ${where}; known: {{as_of}}, {{freshness_months}}, {{value_model_json}}.`,
  valueModelUnreadable: (path: string, detail: string) =>
    `Cannot read the value-model assumptions file ${path}: ${detail}. The committed default is config/value-model.json; OHWB_VALUE_MODEL points at an override.`,
  valueModelInvalid: (path: string, detail: string) =>
    `The value-model assumptions file ${path} is not valid: ${detail}. Compare it with config/value-model.json.`,
  incrementalSumColumnMissing: (column: string) =>
    `its header line "incremental: sum" names ${column}, which is not a column it builds; list the summed columns of its SELECT`,
  modelFailed: (model: string, path: string, detail: string) =>
    `Building model ${model} (${path}) failed; the previous build is unchanged: ${detail}`,
  mode: (mode: "full" | "incremental" | "selected", reason: string | undefined) =>
    mode === "full"
      ? `full rebuild (${reason ?? "requested"})`
      : mode === "selected"
        ? "selected build: only the models --select names, each rebuilt whole from its current inputs"
        : "incremental build: only what new events touch",
  selectEmpty: () =>
    "--select needs at least one model, e.g. --select mart_absence_rate+ (that model and everything downstream of it).",
  selectorInvalid: (selector: string) =>
    `"${selector}" is not a selector ohwb understands. Write a model name with optional graph operators, as dbt: ` +
    "MODEL (that model), MODEL+ (and everything downstream), +MODEL (and everything upstream), +MODEL+ (both), " +
    "2+MODEL or MODEL+1 (that many levels), @MODEL (downstream and everything they read). " +
    "Separate selectors with spaces for their union, with commas for their intersection.",
  selectUnknownModel: (name: string, selector: string, suggestions: readonly string[]) =>
    `--select ${selector}: no model is named "${name}".` +
    (suggestions.length > 0 ? ` Did you mean ${suggestions.join(", ")}?` : "") +
    " The models are the .sql files under transforms/models (docs/data-dictionary.md lists them).",
  selectNothing: (selection: string) =>
    `--select "${selection}" selects no model: the comma-separated parts of a selector are intersected ` +
    "(as in dbt) and these share none. Separate selectors with a space to build all of them.",
  selectNeverBuilt: (path: string) =>
    `--select rebuilds some models of a warehouse built before, and ${path} has never been built. ` +
    `Run a plain \`ohwb transform --warehouse ${path}\` first; afterwards --select rebuilds only what it names.`,
  selectUpstreamMissing: (model: string, upstream: string) =>
    `--select: ${model} reads ${upstream}, which is neither selected nor built. ` +
    `Select +${model} to build what it reads too, or run a plain \`ohwb transform\` first.`,
  selectAsOfDiffers: (given: string, built: string) =>
    `--select rebuilds models as of the last build's date (${built}), so that they agree with the models ` +
    `it leaves alone; --as-of ${given} differs. Build everything as of ${given} with a plain \`ohwb transform --as-of ${given}\`.`,
  selectPending: (rows: number) =>
    `${rows} landing row${rows === 1 ? "" : "s"} arrived after the last build; the selected models were built without ` +
    "them, like the models left alone. A plain `ohwb transform` adds them everywhere.",
  selectStale: () => "a --select build used model SQL or settings other than the last full build's",
  built: (models: number, asOf: string, milliseconds: number) =>
    `built ${models} models as of ${asOf} in ${(milliseconds / 1000).toFixed(1)} s`,
  dictionaryWritten: (path: string, models: number) =>
    `wrote the data dictionary for ${models} models to ${path}`,
  dataTestInvalid: (where: string, detail: string) =>
    `Invalid data test in ${where}: ${detail}. See "Data tests" in transforms/README.md for the declarations a model header can carry.`,
  checkNoTransformRun: (path: string) =>
    `No finished transform run in ${path}, so there are no models to test yet. Run \`ohwb transform --warehouse ${path}\` first.`,
  checkSummary: (passed: number, failed: number, warned: number) =>
    (failed === 0
      ? `all ${passed + warned} data tests passed`
      : `${failed} of ${passed + failed + warned} data tests FAILED`) +
    (warned > 0 ? `; ${warned} warned (severity warn)` : ""),
} as const;
