-- OAuth authorizations that end users give to http tools (docs/security.md, "Tools that act for an
-- end user"). Kept in the database so that any instance completes a flow another one started and
-- calls a tool with the token any instance stored. Secrets (tokens, PKCE verifiers, the user id a
-- confidential client named) are AES-GCM ciphertexts (base64url), never plain text; the state is
-- kept as its SHA-256 only.

-- One authorize request, from its start to its callback (or its expiry).
create table tool_oauth_flows (
    id             varchar(64)              not null,
    -- the owner key of the end user who started it (identity.Owner); only that user completes it
    owner_key      varchar(192)             not null,
    tool_name      varchar(64)              not null,
    provider       varchar(64)              not null,
    -- base64url SHA-256 of the state sent to the provider
    state_digest   varchar(64)              not null,
    code_verifier  varchar(512)             not null,
    callback_url   varchar(2000)            not null,
    -- space-separated, as in an OAuth scope parameter
    scopes         varchar(1000)            not null,
    user_label     varchar(2000),
    status         varchar(16)              not null,
    created_at     timestamp with time zone not null,
    expires_at     timestamp with time zone not null,
    constraint tool_oauth_flows_pk primary key (id),
    constraint tool_oauth_flows_status_check check (status in ('pending', 'completed', 'failed'))
);

-- The tokens of one end user for one tool: at most one authorization per (owner, tool).
create table tool_oauth_tokens (
    owner_key      varchar(192)             not null,
    tool_name      varchar(64)              not null,
    id             varchar(64)              not null,
    provider       varchar(64)              not null,
    scopes         varchar(1000)            not null,
    access_token   varchar(12000)           not null,
    refresh_token  varchar(12000),
    user_label     varchar(2000),
    -- when the access token expires; null when the provider did not say
    expires_at     timestamp with time zone,
    created_at     timestamp with time zone not null,
    updated_at     timestamp with time zone not null,
    constraint tool_oauth_tokens_pk primary key (owner_key, tool_name),
    constraint tool_oauth_tokens_id_unique unique (id)
);
