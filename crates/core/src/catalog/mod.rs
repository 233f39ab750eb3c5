//! The provider catalog: every category / owner / provider a user can pick, with its
//! configuration keys, artifact counts and V2-only flag.
