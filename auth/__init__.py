"""Who is asking and what they may see: principals, scopes, region policy."""
