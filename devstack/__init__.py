"""The local stack behind `make run`: an embedded AWS emulator, a local API gateway with a JWT
authorizer, and an SQS poller that feeds the events handler the way Lambda would."""
