-- A confidential client's previous secret, still accepted while the client moves to its new one
-- (gateway.clients.seed[n].previous-secret; docs/runbooks/secret-rotation.md). A one-way hash like
-- secret_hash; null when no rotation is under way, and always null for public clients. Nullable
-- and unread by older images, so rolling back past it is safe (docs/runbooks/rollback.md).
alter table clients add column previous_secret_hash varchar(255);
