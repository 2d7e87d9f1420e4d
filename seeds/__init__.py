"""The embedded default dataset: the English NHS ownership debate, 2010–2018 (YAML seed files)."""
