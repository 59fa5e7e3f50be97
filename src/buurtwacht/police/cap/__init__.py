"""CAP 1.2 (OASIS Common Alerting Protocol) for control-room systems: `read` validates an incoming document
against the OASIS schema (CAP-v1.2.xsd, see SOURCE.md) and maps it onto a CapMessage; `write` renders a police
message as CAP. Both with lxml; docs/police-api.md describes the mapping."""
