"""The domain, pure: it imports the standard library only, so anyone can read and test it."""
