"""Settings, domain errors, the contracts every layer shares (types) and the scoring weights."""
