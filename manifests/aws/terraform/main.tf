# The role CloudSweep assumes in this account: read-only scans, and cleanups only when enable_cleanup is true.
# CloudSweep may assume it only with your organization's ExternalId, which `connect` shows in the chat.

locals {
  # Exactly what a scan calls (a test keeps this list equal to the code's scan policy).
  scan_actions = [
    "autoscaling:DescribeAutoScalingGroups",
    "autoscaling:DescribeLaunchConfigurations",
    "ce:GetCostAndUsage",
    "cloudwatch:GetMetricData",
    "ec2:DescribeAddresses",
    "ec2:DescribeImages",
    "ec2:DescribeInstances",
    "ec2:DescribeLaunchTemplateVersions",
    "ec2:DescribeNatGateways",
    "ec2:DescribeRegions",
    "ec2:DescribeRouteTables",
    "ec2:DescribeSnapshots",
    "ec2:DescribeVolumes",
    "elasticloadbalancing:DescribeInstanceHealth",
    "elasticloadbalancing:DescribeLoadBalancers",
    "elasticloadbalancing:DescribeTags",
    "elasticloadbalancing:DescribeTargetGroups",
    "elasticloadbalancing:DescribeTargetHealth",
    "pricing:GetProducts",
    "rds:DescribeDBInstances",
    "rds:DescribeDBSnapshots",
  ]

  # Exactly what approved cleanups call (a test keeps this list equal to the code's cleanup policy).
  cleanup_actions = [
    "ec2:AllocateAddress",
    "ec2:AttachVolume",
    "ec2:CreateImage",
    "ec2:CreateSnapshot",
    "ec2:CreateTags",
    "ec2:CreateVolume",
    "ec2:DeleteNatGateway",
    "ec2:DeleteSnapshot",
    "ec2:DeleteVolume",
    "ec2:DeregisterImage",
    "ec2:DescribeAddresses",
    "ec2:DescribeImages",
    "ec2:DescribeInstances",
    "ec2:DescribeSnapshots",
    "ec2:DescribeVolumes",
    "ec2:DetachVolume",
    "ec2:ModifyInstanceAttribute",
    "ec2:ModifyVolume",
    "ec2:ReleaseAddress",
    "ec2:RunInstances",
    "ec2:StartInstances",
    "ec2:StopInstances",
    "ec2:TerminateInstances",
    "elasticloadbalancing:DeleteLoadBalancer",
    "rds:CreateDBSnapshot",
    "rds:DeleteDBInstance",
    "rds:DeleteDBSnapshot",
    "rds:RestoreDBInstanceFromDBSnapshot",
    "rds:StartDBInstance",
    "rds:StopDBInstance",
  ]
}

resource "aws_iam_role" "cloudsweep" {
  name                 = var.role_name
  description          = "Assumed by CloudSweep to find and clean up unused resources"
  max_session_duration = 3600

  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "CloudSweepAssumeWithExternalId"
      Effect    = "Allow"
      Principal = { AWS = var.cloudsweep_principal }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "sts:ExternalId" = var.external_id } }
    }]
  })
}

resource "aws_iam_role_policy" "scan" {
  name = "cloudsweep-scan"
  role = aws_iam_role.cloudsweep.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "CloudSweepReadOnlyScan", Effect = "Allow", Action = local.scan_actions, Resource = "*" }]
  })
}

resource "aws_iam_role_policy" "cleanup" {
  count = var.enable_cleanup ? 1 : 0
  name  = "cloudsweep-cleanup"
  role  = aws_iam_role.cloudsweep.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "CloudSweepCleanup", Effect = "Allow", Action = local.cleanup_actions, Resource = "*" }]
  })
}
