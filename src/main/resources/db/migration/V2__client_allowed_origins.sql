-- The browser origins each client may be called from (docs/decisions/0019-cors-from-the-client-registry.md):
-- exact origins (scheme://host[:port]), space-separated like scopes; empty means no browser origin.
-- A column rather than a table of its own: the gateway reads a client's origins whole, with the
-- client, and never looks one origin up on its own in SQL.
alter table clients add column allowed_origins varchar(4096) default '' not null;
