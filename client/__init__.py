"""A small Python client of the profile-picture API, and its command line (`python -m client.cli`)."""
