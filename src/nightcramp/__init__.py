"""nightcramp: night leg cramps — is it serious, why me, what helps me."""

__version__ = "0.1.0"
