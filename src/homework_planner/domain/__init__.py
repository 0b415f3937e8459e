"""Pure domain: models, rules (the coach, plain-language check), templates and examples. No Qt."""
