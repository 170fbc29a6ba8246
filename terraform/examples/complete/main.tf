provider "aws" {
  region = var.region
}

module "profile_images" {
  source = "../../"

  name            = "profile-images"
  lambda_zip_path = var.lambda_zip_path # make package (arm64, python3.12)

  allowed_origins = ["https://app.example.com", "http://localhost:5173"]
  jwt_issuer      = "https://cognito-idp.${var.region}.amazonaws.com/${var.region}_EXAMPLE"
  jwt_audience    = ["example-app-client-id"]

  # So that this example can be destroyed; keep the defaults (true, false) for real data.
  table_deletion_protection = false
  bucket_force_destroy      = true

  tags = { project = "profile-images-example" }
}
