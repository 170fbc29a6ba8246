# Images are served through CloudFront with origin access control, so the bucket stays private while
# imageUrl works in any browser. A team with its own CDN sets create_cdn = false and public_base_url.

resource "aws_cloudfront_origin_access_control" "images" {
  count = var.create_cdn ? 1 : 0

  name                              = "${var.name}-images"
  description                       = "Reads profile pictures from the private uploads bucket."
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_distribution" "images" {
  # checkov:skip=CKV_AWS_68:A WAF web ACL is an account-level choice with its own cost; the distribution serves only public pictures.
  # checkov:skip=CKV2_AWS_47:No WAF by default (see CKV_AWS_68); the origin is a static bucket, not an application.
  # checkov:skip=CKV_AWS_86:Access logs need a log bucket the team owns.
  # checkov:skip=CKV_AWS_174:The default *.cloudfront.net certificate; a team with its own domain and certificate serves through its own CDN (public_base_url).
  # checkov:skip=CKV2_AWS_42:The default *.cloudfront.net certificate; see CKV_AWS_174.
  # checkov:skip=CKV_AWS_310:One origin: there is no second copy of the bucket to fail over to.
  # checkov:skip=CKV2_AWS_32:The managed CORS-and-SecurityHeadersPolicy is attached by its id (below); checkov recognises only a policy resource.
  # checkov:skip=CKV_AWS_374:Profile pictures are served worldwide; geo restriction is a team's choice.
  # checkov:skip=CKV_AWS_305:Serves pictures by key only: there is no index document, and / is refused (CloudFront may read only objects under key_prefix).
  count = var.create_cdn ? 1 : 0

  enabled         = true
  comment         = "${var.name} profile pictures"
  price_class     = var.cdn_price_class
  is_ipv6_enabled = true

  origin {
    origin_id                = "uploads"
    domain_name              = aws_s3_bucket.uploads.bucket_regional_domain_name
    origin_access_control_id = aws_cloudfront_origin_access_control.images[0].id
  }

  default_cache_behavior {
    target_origin_id       = "uploads"
    viewer_protocol_policy = "redirect-to-https"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    compress               = false
    # The managed CachingOptimized policy: keys are immutable (a new upload gets a new key).
    cache_policy_id = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    # The managed CORS-and-SecurityHeadersPolicy: X-Content-Type-Options nosniff (so an upload not yet
    # checked is never sniffed as a page), HSTS, and Access-Control-Allow-Origin * for canvas and fetch use.
    response_headers_policy_id = "e61eb60c-9c35-4d20-a928-2b84e02af89c"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }

  tags = local.tags
}
