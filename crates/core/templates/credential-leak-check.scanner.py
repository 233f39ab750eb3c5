"""Credential-leak scanner for a CodePipeline Lambda invoke action (Pipewright template).

Reads the input artifact (the source zip), looks for credentials, and reports the job as failed
when it finds one, which stops the pipeline. Deploy with a role allowing
codepipeline:PutJobSuccessResult / PutJobFailureResult and s3:GetObject on the artifact bucket.
"""
import io
import json
import re
import zipfile

import boto3

PATTERNS = {
    "aws-access-key": re.compile(rb"\b(AKIA|ASIA)[0-9A-Z]{16}\b"),
    "aws-secret-key": re.compile(rb"(?i)aws.{0,20}secret.{0,20}['\"][0-9A-Za-z/+]{40}['\"]"),
    "github-token": re.compile(rb"\b(ghp|gho|ghu|ghs|ghr)_[0-9A-Za-z]{36}\b|\bgithub_pat_[0-9A-Za-z_]{82}\b"),
    "private-key": re.compile(rb"-----BEGIN (RSA |EC |OPENSSH |DSA )?PRIVATE KEY-----"),
}

codepipeline = boto3.client("codepipeline")


def scan(archive: bytes, kinds):
    findings = []
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        for name in z.namelist():
            if name.endswith("/"):
                continue
            data = z.read(name)
            for kind in kinds:
                if PATTERNS[kind].search(data):
                    findings.append(f"{kind} in {name}")
    return findings


def handler(event, _context):
    job = event["CodePipeline.job"]
    job_id = job["id"]
    data = job["data"]
    try:
        params = json.loads(data["actionConfiguration"]["configuration"].get("UserParameters") or "{}")
        kinds = params.get("fail_on", list(PATTERNS))
        creds = data["artifactCredentials"]
        s3 = boto3.client(
            "s3",
            aws_access_key_id=creds["accessKeyId"],
            aws_secret_access_key=creds["secretAccessKey"],
            aws_session_token=creds["sessionToken"],
        )
        location = data["inputArtifacts"][0]["location"]["s3Location"]
        archive = s3.get_object(Bucket=location["bucketName"], Key=location["objectKey"])["Body"].read()
        findings = scan(archive, kinds)
    except Exception as exc:  # report, never leave the job hanging
        codepipeline.put_job_failure_result(
            jobId=job_id, failureDetails={"type": "JobFailed", "message": f"scanner error: {exc}"[:500]}
        )
        return
    if findings:
        codepipeline.put_job_failure_result(
            jobId=job_id,
            failureDetails={"type": "JobFailed", "message": ("credentials found: " + "; ".join(findings))[:500]},
        )
    else:
        codepipeline.put_job_success_result(jobId=job_id)
