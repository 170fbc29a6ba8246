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
