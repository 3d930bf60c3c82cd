-- The people who signed in, by their stable subject, with the name their identity provider gave last
-- time: the audit pages show it beside the subject. Only readable names live here; the audit trail itself
-- keeps the subject (audit_event stays append-only and never refers to this table).
CREATE TABLE person (
  subject      VARCHAR(255) PRIMARY KEY,
  display_name VARCHAR(255) NOT NULL,
  last_sign_in DATETIME(6)  NOT NULL
) ENGINE = InnoDB;
