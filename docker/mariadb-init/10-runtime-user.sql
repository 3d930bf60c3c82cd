-- The runtime user: data rights only (no DDL, no TRIGGER); the schema belongs to "roleport", which runs the
-- migrations. Runs once, when the database volume is created.
CREATE USER IF NOT EXISTS 'roleport_app'@'%' IDENTIFIED BY 'roleport-compose-app-password';
GRANT SELECT, INSERT, UPDATE, DELETE ON roleport.* TO 'roleport_app'@'%';
