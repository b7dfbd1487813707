SELECT key, value_sha256 FROM identity.suppressions;
