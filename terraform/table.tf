# The users table, unless the team brings its own (create_table = false, table_arn).

resource "aws_dynamodb_table" "users" {
  # checkov:skip=CKV_AWS_119:Encrypted at rest by default with an AWS-owned key; a customer-managed key when kms_key_arn is set.
  count = var.create_table ? 1 : 0

  name                        = "${var.name}-users"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = var.user_id_attribute
  deletion_protection_enabled = var.table_deletion_protection

  attribute {
    name = var.user_id_attribute
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled     = var.kms_key_arn != null
    kms_key_arn = var.kms_key_arn
  }

  tags = local.tags
}
