# A team that already has a users table (keyed by "userId") and an HTTP API with a JWT authorizer.
# The first three resources stand in for what the team has; the module adds only the upload path.

provider "aws" {
  region = var.region
}

resource "aws_dynamodb_table" "existing_users" {
  # checkov:skip=CKV_AWS_119:Stand-in for the team's existing users table.
  name         = "team-users"
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "userId"

  attribute {
    name = "userId"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }
}

resource "aws_apigatewayv2_api" "existing" {
  name          = "team-api"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_authorizer" "existing" {
  api_id           = aws_apigatewayv2_api.existing.id
  name             = "team-jwt"
  authorizer_type  = "JWT"
  identity_sources = ["$request.header.Authorization"]

  jwt_configuration {
    issuer   = "https://cognito-idp.${var.region}.amazonaws.com/${var.region}_EXAMPLE"
    audience = ["example-app-client-id"]
  }
}

module "profile_images" {
  source = "../../"

  name            = "team-profile-images"
  lambda_zip_path = var.lambda_zip_path

  create_table        = false
  table_arn           = aws_dynamodb_table.existing_users.arn
  user_id_attribute   = "userId"
  image_url_attribute = "avatarUrl"

  create_api        = false
  api_id            = aws_apigatewayv2_api.existing.id
  api_execution_arn = aws_apigatewayv2_api.existing.execution_arn
  authorizer_id     = aws_apigatewayv2_authorizer.existing.id
  route_key         = "POST /me/avatar"

  allowed_origins      = ["https://app.example.com"]
  bucket_force_destroy = true
}
