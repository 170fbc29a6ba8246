variable "region" {
  description = "Region of every resource."
  type        = string
  default     = "eu-west-1"
}

variable "lambda_zip_path" {
  description = "The package built by `make package` at the repository root."
  type        = string
  default     = "../../../dist/lambda.zip"
}

variable "authorizer_invoke_arn" {
  description = "Invoke ARN of the team's Lambda authorizer function, which puts the user id in its context as `id` (or returns it as principalId)."
  type        = string
  default     = "arn:aws:apigateway:eu-west-1:lambda:path/2015-03-31/functions/arn:aws:lambda:eu-west-1:123456789012:function:team-authorizer/invocations"
}
