-- Runs once, when the PostgreSQL volume is first initialised (docker-entrypoint-initdb.d).
-- One database per agency, plus the hub's own (clients, trusted documents, audit log).
-- The owner is the role created from POSTGRES_USER.
CREATE DATABASE registry;
CREATE DATABASE regional;
CREATE DATABASE institutions;
CREATE DATABASE logistics;
CREATE DATABASE hub;
