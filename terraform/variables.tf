# ---------------------------------------------------------------------------------------------------------------------
# Naming and tags
# ---------------------------------------------------------------------------------------------------------------------

variable "name" {
  description = "Name prefix of every resource the module creates (lowercase letters, digits and hyphens)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]{0,30}[a-z0-9]$", var.name))
    error_message = "The name must be 2 to 32 lowercase letters, digits or hyphens, starting and ending with a letter or digit."
  }
}

variable "tags" {
  description = "Tags added to every resource the module creates."
  type        = map(string)
  default     = {}
}

# ---------------------------------------------------------------------------------------------------------------------
# Lambda package and functions
# ---------------------------------------------------------------------------------------------------------------------

variable "lambda_zip_path" {
  description = "Path of the deployment zip built by `make package` (its architecture and Python must match `architecture` and `runtime`)."
  type        = string

  validation {
    condition     = length(trimspace(var.lambda_zip_path)) > 0 && endswith(var.lambda_zip_path, ".zip")
    error_message = "The lambda_zip_path must name a .zip file."
  }
}

variable "runtime" {
  description = "Lambda runtime of both functions; the zip must be built for it (`make package RUNTIME=...`)."
  type        = string
  default     = "python3.12"

  validation {
    condition     = contains(["python3.12", "python3.13"], var.runtime)
    error_message = "The runtime must be python3.12 or python3.13."
  }
}

variable "architecture" {
  description = "Instruction set of both functions; the zip must be built for it (`make package ARCH=...`)."
  type        = string
  default     = "arm64"

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "The architecture must be arm64 or x86_64."
  }
}

variable "api_function_memory_size" {
  description = "Memory of the upload-URL function, in MB."
  type        = number
  default     = 256

  validation {
    condition     = var.api_function_memory_size >= 128 && var.api_function_memory_size <= 10240
    error_message = "The api_function_memory_size must be between 128 and 10240 MB."
  }
}

variable "api_function_timeout" {
  description = "Timeout of the upload-URL function, in seconds (API Gateway gives up after 30)."
  type        = number
  default     = 10

  validation {
    condition     = var.api_function_timeout >= 1 && var.api_function_timeout <= 30
    error_message = "The api_function_timeout must be between 1 and 30 seconds."
  }
}

variable "events_function_memory_size" {
  description = "Memory of the object-created function, in MB."
  type        = number
  default     = 256

  validation {
    condition     = var.events_function_memory_size >= 128 && var.events_function_memory_size <= 10240
    error_message = "The events_function_memory_size must be between 128 and 10240 MB."
  }
}

variable "events_function_timeout" {
  description = "Timeout of the object-created function, in seconds. The queue's visibility timeout is six times this."
  type        = number
  default     = 30

  validation {
    condition     = var.events_function_timeout >= 1 && var.events_function_timeout <= 900
    error_message = "The events_function_timeout must be between 1 and 900 seconds."
  }
}

variable "log_retention_days" {
  description = "Retention of the functions' and the API's CloudWatch log groups, in days."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "The log_retention_days must be a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653)."
  }
}

variable "snap_start" {
  description = "Turn on Lambda SnapStart for both functions (publishes a version and routes through the `live` alias). See the README for its caveats and pricing."
  type        = bool
  default     = false
}

variable "kms_key_arn" {
  description = "Customer-managed KMS key for the bucket, table, queues, log groups and function environments. Null uses AWS-managed encryption."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "The kms_key_arn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Upload rules (the functions' settings)
# ---------------------------------------------------------------------------------------------------------------------

variable "key_prefix" {
  description = "Key prefix of uploads in the bucket; the object-created notification is filtered to it."
  type        = string
  default     = "users/"

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*/$", var.key_prefix))
    error_message = "The key_prefix must end with '/', not start with it, and use only letters, digits, '_', '.', '-' and '/'."
  }
}

variable "upload_url_expires_seconds" {
  description = "Lifetime of a presigned upload URL, in seconds."
  type        = number
  default     = 60

  validation {
    condition     = var.upload_url_expires_seconds >= 1 && var.upload_url_expires_seconds <= 3600 && floor(var.upload_url_expires_seconds) == var.upload_url_expires_seconds
    error_message = "The upload_url_expires_seconds must be a whole number from 1 to 3600."
  }
}

variable "max_upload_bytes" {
  description = "Largest accepted image, in bytes."
  type        = number
  default     = 5242880

  validation {
    condition     = var.max_upload_bytes > 0 && var.max_upload_bytes <= 5368709120 && floor(var.max_upload_bytes) == var.max_upload_bytes
    error_message = "The max_upload_bytes must be a whole number greater than 0 and at most 5 GiB (one PUT)."
  }
}

variable "allowed_content_types" {
  description = "Image types users may upload: a non-empty subset of image/jpeg, image/png, image/webp and image/gif."
  type        = list(string)
  default     = ["image/jpeg", "image/png", "image/webp", "image/gif"]

  validation {
    condition     = length(var.allowed_content_types) > 0 && alltrue([for type in var.allowed_content_types : contains(["image/jpeg", "image/png", "image/webp", "image/gif"], lower(type))])
    error_message = "The allowed_content_types must be a non-empty subset of image/jpeg, image/png, image/webp and image/gif."
  }
}

variable "allowed_origins" {
  description = "Browser origins (scheme://host[:port], no trailing slash) allowed to call the API and PUT to the bucket; [\"*\"] allows any."
  type        = list(string)

  validation {
    condition     = length(var.allowed_origins) > 0 && alltrue([for origin in var.allowed_origins : origin == "*" || can(regex("^https?://[^/\\s]+$", origin))])
    error_message = "The allowed_origins must be a non-empty list of origins such as https://app.example.com (no path, no trailing slash), or [\"*\"]."
  }
}

variable "user_id_claim" {
  description = "JWT claim (or Lambda authorizer context key) holding the user id."
  type        = string
  default     = "sub"

  validation {
    condition     = length(trimspace(var.user_id_claim)) > 0
    error_message = "The user_id_claim must not be empty."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Storage: bucket and image delivery
# ---------------------------------------------------------------------------------------------------------------------

variable "bucket_name" {
  description = "Name of the uploads bucket. Null lets AWS choose one that starts with `<name>-images-`."
  type        = string
  default     = null

  validation {
    condition     = var.bucket_name == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "The bucket_name must be a valid S3 bucket name (3-63 lowercase letters, digits, dots and hyphens)."
  }
}

variable "bucket_force_destroy" {
  description = "Let `terraform destroy` delete the bucket while it still holds images."
  type        = bool
  default     = false
}

variable "create_cdn" {
  description = "Serve the private bucket's images through a CloudFront distribution with origin access control; imageUrl then points at it."
  type        = bool
  default     = true
}

variable "cdn_price_class" {
  description = "Price class of the CloudFront distribution."
  type        = string
  default     = "PriceClass_100"

  validation {
    condition     = contains(["PriceClass_All", "PriceClass_200", "PriceClass_100"], var.cdn_price_class)
    error_message = "The cdn_price_class must be PriceClass_All, PriceClass_200 or PriceClass_100."
  }
}

variable "public_base_url" {
  description = "Base URL of imageUrl when the images are served by a CDN of your own (with create_cdn = false), e.g. https://images.example.com; imageUrl is this URL, a slash and the key."
  type        = string
  default     = null

  validation {
    condition     = var.public_base_url == null || can(regex("^https?://[^\\s/]+(/[^\\s]*)?$", var.public_base_url))
    error_message = "The public_base_url must be an http(s) URL such as https://images.example.com."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Users table
# ---------------------------------------------------------------------------------------------------------------------

variable "create_table" {
  description = "Create the users table. Set false to use an existing table (table_arn)."
  type        = bool
  default     = true
}

variable "table_arn" {
  description = "ARN of an existing users table (with create_table = false); its hash key must be a string named user_id_attribute."
  type        = string
  default     = null

  validation {
    condition     = var.table_arn == null || can(regex("^arn:aws[a-z-]*:dynamodb:[a-z0-9-]+:[0-9]{12}:table/[A-Za-z0-9_.-]{3,255}$", var.table_arn))
    error_message = "The table_arn must be a DynamoDB table ARN (arn:aws:dynamodb:<region>:<account>:table/<name>)."
  }
}

variable "user_id_attribute" {
  description = "Name of the users table's hash key (a string: the user id)."
  type        = string
  default     = "id"

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{1,255}$", var.user_id_attribute))
    error_message = "The user_id_attribute must be 1 to 255 letters, digits, '_', '.' or '-'."
  }
}

variable "image_url_attribute" {
  description = "Attribute of the user's item that holds the picture's URL."
  type        = string
  default     = "imageUrl"

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]{1,255}$", var.image_url_attribute))
    error_message = "The image_url_attribute must be 1 to 255 letters, digits, '_', '.' or '-'."
  }
}

variable "table_deletion_protection" {
  description = "Protect the created users table from deletion."
  type        = bool
  default     = true
}

# ---------------------------------------------------------------------------------------------------------------------
# API
# ---------------------------------------------------------------------------------------------------------------------

variable "create_api" {
  description = "Create an HTTP API with a JWT authorizer. Set false to add the route to an existing HTTP API (api_id, api_execution_arn, authorizer_id)."
  type        = bool
  default     = true
}

variable "create_route" {
  description = "Create the route, its Lambda integration and permission. Set false (with create_api = false) to wire the function into an API yourself, e.g. a REST API (see the README's recipe)."
  type        = bool
  default     = true
}

variable "route_key" {
  description = "Route of the upload-URL endpoint."
  type        = string
  default     = "POST /profile/image"

  validation {
    condition     = can(regex("^(GET|POST|PUT|PATCH) /[A-Za-z0-9_./{}-]*$", var.route_key))
    error_message = "The route_key must be a method and a path, e.g. \"POST /profile/image\"."
  }
}

variable "jwt_issuer" {
  description = "Issuer of the JWT authorizer (e.g. https://cognito-idp.<region>.amazonaws.com/<pool id>); needed when create_api is true."
  type        = string
  default     = null

  validation {
    condition     = var.jwt_issuer == null || can(regex("^https://[^\\s]+$", var.jwt_issuer))
    error_message = "The jwt_issuer must be an https URL."
  }
}

variable "jwt_audience" {
  description = "Audiences (client ids) the JWT authorizer accepts; needed when create_api is true."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for audience in var.jwt_audience : length(trimspace(audience)) > 0])
    error_message = "The jwt_audience must not hold empty strings."
  }
}

variable "api_id" {
  description = "Id of an existing HTTP API to add the route to (with create_api = false)."
  type        = string
  default     = null

  validation {
    condition     = var.api_id == null || can(regex("^[a-z0-9]{10}$", var.api_id))
    error_message = "The api_id must be an API Gateway id (10 lowercase letters and digits)."
  }
}

variable "api_execution_arn" {
  description = "Execution ARN of the existing HTTP API (arn:aws:execute-api:<region>:<account>:<api id>), for the Lambda permission."
  type        = string
  default     = null

  validation {
    condition     = var.api_execution_arn == null || can(regex("^arn:aws[a-z-]*:execute-api:[a-z0-9-]+:[0-9]{12}:[a-z0-9]{10}$", var.api_execution_arn))
    error_message = "The api_execution_arn must be arn:aws:execute-api:<region>:<account>:<api id>."
  }
}

variable "authorizer_id" {
  description = "Id of the existing API's JWT or Lambda authorizer that protects the route (with create_api = false)."
  type        = string
  default     = null

  validation {
    condition     = var.authorizer_id == null || can(regex("^[a-z0-9]{6,10}$", var.authorizer_id))
    error_message = "The authorizer_id must be an API Gateway authorizer id."
  }
}

variable "authorizer_type" {
  description = "Type of the existing authorizer given as authorizer_id: JWT or CUSTOM (a Lambda authorizer)."
  type        = string
  default     = "JWT"

  validation {
    condition     = contains(["JWT", "CUSTOM"], var.authorizer_type)
    error_message = "The authorizer_type must be JWT or CUSTOM."
  }
}

variable "api_throttling_burst_limit" {
  description = "Burst limit of the created API's default stage."
  type        = number
  default     = 100

  validation {
    condition     = var.api_throttling_burst_limit > 0
    error_message = "The api_throttling_burst_limit must be greater than 0."
  }
}

variable "api_throttling_rate_limit" {
  description = "Steady requests per second of the created API's default stage."
  type        = number
  default     = 50

  validation {
    condition     = var.api_throttling_rate_limit > 0
    error_message = "The api_throttling_rate_limit must be greater than 0."
  }
}

# ---------------------------------------------------------------------------------------------------------------------
# Object-created delivery
# ---------------------------------------------------------------------------------------------------------------------

variable "max_receive_count" {
  description = "Deliveries of an object-created message before it moves to the dead-letter queue."
  type        = number
  default     = 5

  validation {
    condition     = var.max_receive_count >= 1 && var.max_receive_count <= 1000
    error_message = "The max_receive_count must be between 1 and 1000."
  }
}

variable "events_batch_size" {
  description = "Object-created messages handed to one invocation of the events function."
  type        = number
  default     = 10

  validation {
    condition     = var.events_batch_size >= 1 && var.events_batch_size <= 10
    error_message = "The events_batch_size must be between 1 and 10 (no batching window is used)."
  }
}
