-- Owners are (client, end user) since per-user identity (docs/identity.md): the owner columns hold an
-- owner key, "client" for a confidential client (as every row written before) or "client/subject" for
-- an end user. Rows keep their values; only the width grows to fit a 128-character client id, the
-- separator and a subject (at most 45 characters). The columns keep their names.
alter table history_sessions alter column owner_client_id set data type varchar(192);
alter table jobs alter column owner_client_id set data type varchar(192);
