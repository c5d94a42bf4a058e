-- Who approved a saved plan that a run applied (opsctl approve, docs/approvals.md): a JSON list of principals, or null.
ALTER TABLE runs ADD COLUMN approvers TEXT;
