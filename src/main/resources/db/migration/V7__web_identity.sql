-- Web-identity federation (issue #4): an AWS binding says how Roleport gets a session in the account for a
-- person. Existing bindings keep role assumption. The column is part of the write-once binding: the
-- triggers of V1 refuse any UPDATE of aws_binding.
ALTER TABLE aws_binding
  ADD COLUMN federation VARCHAR(20) NOT NULL DEFAULT 'ROLE_ASSUMPTION' AFTER external_id,
  ADD CONSTRAINT ck_aws_binding_federation CHECK (federation IN ('ROLE_ASSUMPTION', 'WEB_IDENTITY'));

-- The cloud session an operation runs with when the account trusts people's own sign-in: obtained with the
-- requester's ID token when they asked for the operation, sealed with the installation's key (rule 9),
-- deleted when the operation ends. Nothing here is usable after expires_at.
CREATE TABLE operation_session (
  operation_id BIGINT        PRIMARY KEY,
  key_id       VARCHAR(40)   NOT NULL,
  ciphertext   VARCHAR(4000) NOT NULL,
  expires_at   DATETIME(6)   NOT NULL,
  CONSTRAINT fk_operation_session_operation FOREIGN KEY (operation_id) REFERENCES operation (id)
) ENGINE = InnoDB;
