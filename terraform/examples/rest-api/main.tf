# Recipe: a team on a REST API with a Lambda authorizer (the original system's setup). The module creates
# no API (create_api = false, create_route = false); these resources put its function behind the team's API.
# handlers.api reads the user id from the authorizer's context key user_id_claim ("id"), or principalId.

provider "aws" {
  region = var.region
}

module "profile_images" {
  source = "../../"

  name            = "rest-profile-images"
  lambda_zip_path = var.lambda_zip_path
  allowed_origins = ["https://app.example.com"]
  user_id_claim   = "id"

  create_api   = false
  create_route = false

  table_deletion_protection = false
  bucket_force_destroy      = true
}

# The team's REST API and Lambda authorizer (stand-ins here).
resource "aws_api_gateway_rest_api" "team" {
  # checkov:skip=CKV_AWS_237:Stand-in for the team's existing REST API.
  name = "team-rest-api"
}

resource "aws_api_gateway_authorizer" "team" {
  rest_api_id     = aws_api_gateway_rest_api.team.id
  name            = "team-lambda-authorizer"
  type            = "TOKEN"
  authorizer_uri  = var.authorizer_invoke_arn
  identity_source = "method.request.header.Authorization"
}

# POST /profile/image -> the module's upload-URL function (payload 1.0 proxy events).
resource "aws_api_gateway_resource" "profile" {
  rest_api_id = aws_api_gateway_rest_api.team.id
  parent_id   = aws_api_gateway_rest_api.team.root_resource_id
  path_part   = "profile"
}

resource "aws_api_gateway_resource" "image" {
  rest_api_id = aws_api_gateway_rest_api.team.id
  parent_id   = aws_api_gateway_resource.profile.id
  path_part   = "image"
}

resource "aws_api_gateway_method" "upload_url" {
  # checkov:skip=CKV2_AWS_53:The function validates the body itself and answers 400 naming the field, as behind the HTTP API; a request model would duplicate handlers/schemas.py.
  rest_api_id   = aws_api_gateway_rest_api.team.id
  resource_id   = aws_api_gateway_resource.image.id
  http_method   = "POST"
  authorization = "CUSTOM"
  authorizer_id = aws_api_gateway_authorizer.team.id
}

resource "aws_api_gateway_integration" "upload_url" {
  rest_api_id             = aws_api_gateway_rest_api.team.id
  resource_id             = aws_api_gateway_resource.image.id
  http_method             = aws_api_gateway_method.upload_url.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = module.profile_images.api_function_invoke_arn
}

resource "aws_lambda_permission" "team_api" {
  statement_id  = "AllowTeamRestApi"
  action        = "lambda:InvokeFunction"
  function_name = module.profile_images.api_function_name
  qualifier     = module.profile_images.api_function_qualifier
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.team.execution_arn}/*/POST/profile/image"
}
