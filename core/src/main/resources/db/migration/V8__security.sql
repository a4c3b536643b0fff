-- Accounts and API tokens (issue 5, docs/security.md). Secrets are never stored: passwords as
-- DelegatingPasswordEncoder hashes ({bcrypt}...), tokens as the SHA-256 of the whole token.

-- A person who signs in to the dashboard. Today there is exactly one, the admin; the role column
-- leaves room for viewer and operator accounts without another migration.
CREATE TABLE app_user (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username             text        NOT NULL UNIQUE CHECK (length(username) BETWEEN 1 AND 100),
    password_hash        text        NOT NULL,
    -- GENERATED: made and printed once at first start; CONFIGURED: darkroom.security.admin-password.
    password_source      text        NOT NULL CHECK (password_source IN ('GENERATED', 'CONFIGURED')),
    role                 text        NOT NULL CHECK (role IN ('VIEWER', 'OPERATOR', 'ADMIN')),
    created_at           timestamptz NOT NULL DEFAULT now(),
    password_changed_at  timestamptz NOT NULL DEFAULT now()
);

-- One admin at most: two servers starting at once on an empty database insert it once, and only
-- the one whose insert won prints the generated password.
CREATE UNIQUE INDEX app_user_one_admin ON app_user ((true)) WHERE role = 'ADMIN';

-- A bearer token for the REST API and the CLI. Shown once at creation; revoked tokens are kept
-- (revoked_at) so the list can say what happened to them.
CREATE TABLE api_token (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    token_sha256  text        NOT NULL UNIQUE CHECK (token_sha256 ~ '^[0-9a-f]{64}$'),
    -- The first characters of the token (e.g. drk_Ab3x9Q), so a person can tell tokens apart.
    token_prefix  text        NOT NULL,
    role          text        NOT NULL CHECK (role IN ('VIEWER', 'OPERATOR')),
    created_by    bigint      REFERENCES app_user (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    -- Updated at most once a minute, so a busy client does not write on every request.
    last_used_at  timestamptz,
    expires_at    timestamptz,
    revoked_at    timestamptz,
    CHECK (expires_at IS NULL OR expires_at > created_at)
);
