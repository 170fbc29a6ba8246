"""Adapters: the ports implemented on S3, DynamoDB, and in memory."""
