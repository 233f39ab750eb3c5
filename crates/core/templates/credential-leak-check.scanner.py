"""Credential-leak scanner (Pipewright template), called two ways:

1. As the pipeline's Lambda invoke action: reads the input artifact (the source zip), and when it
   finds a credential reports the job as failed, which stops the pipeline.
2. By the CodeCommit repository trigger the template's CloudFormation export declares: scans the
   files each pushed commit changes, on every branch.

Either way, each finding is published to the alert topic (`alert_topic_arn` in the action's
UserParameters or in the trigger's custom data).

Opt-in: with DEACTIVATE_LEAKED_KEYS=true in the function's environment, a leaked AWS access key
id of this account is also deactivated (iam:UpdateAccessKey, Status Inactive) and the alert says
so. It is off by default because deactivating a key can stop whatever uses it; grant the role
iam:GetAccessKeyLastUsed and iam:UpdateAccessKey before turning it on.

Permissions: codepipeline:PutJobSuccessResult / PutJobFailureResult and s3:GetObject on the
artifact bucket (pipeline); codecommit:GetCommit, GetDifferences, GetBlob (trigger);
sns:Publish on the alert topic. The export grants the last two sets to the role named in
pipewright.leakCheck.functionRole.
"""
import io
import json
import os
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


def scan_file(name, data, kinds, findings, key_ids):
    for kind in kinds:
        matches = list(PATTERNS[kind].finditer(data))
        if matches:
            findings.append(f"{kind} in {name}")
            if kind == "aws-access-key":
                key_ids.update(m.group(0).decode() for m in matches)


def scan_zip(archive, kinds):
    findings, key_ids = [], set()
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        for name in z.namelist():
            if not name.endswith("/"):
                scan_file(name, z.read(name), kinds, findings, key_ids)
    return findings, key_ids


def deactivate(key_ids):
    """The opt-in step: deactivate leaked access keys of this account's IAM users."""
    if os.environ.get("DEACTIVATE_LEAKED_KEYS", "").lower() != "true":
        return []
    iam = boto3.client("iam")
    done = []
    for key_id in sorted(key_ids):
        try:
            user = iam.get_access_key_last_used(AccessKeyId=key_id).get("UserName")
            if user:
                iam.update_access_key(UserName=user, AccessKeyId=key_id, Status="Inactive")
                done.append(f"{key_id} of {user} deactivated")
        except Exception as exc:  # a key of another account, or no permission: say so
            done.append(f"{key_id} not deactivated: {exc}"[:200])
    return done


def alert(topic_arn, where, findings, actions):
    if not topic_arn:
        return
    lines = [f"Credentials found in {where}:"] + [f"- {f}" for f in findings] + actions
    boto3.client("sns").publish(
        TopicArn=topic_arn,
        Subject="Credential leak found"[:100],
        Message="\n".join(lines),
    )


def on_job(event):
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
        findings, key_ids = scan_zip(archive, kinds)
        if findings:
            alert(params.get("alert_topic_arn"), f"pipeline job {job_id}", findings, deactivate(key_ids))
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


def on_push(record):
    """A CodeCommit trigger record: scan what each pushed commit changes."""
    codecommit = boto3.client("codecommit")
    repo = record["eventSourceARN"].split(":")[5]
    custom = json.loads(record.get("customData") or "{}")
    kinds = custom.get("fail_on", list(PATTERNS))
    findings, key_ids = [], set()
    for ref in record["codecommit"]["references"]:
        if ref.get("deleted"):
            continue
        commit = ref["commit"]
        parents = codecommit.get_commit(repositoryName=repo, commitId=commit)["commit"].get("parents", [])
        args = {"repositoryName": repo, "afterCommitSpecifier": commit}
        if parents:
            args["beforeCommitSpecifier"] = parents[0]
        for page in codecommit.get_paginator("get_differences").paginate(**args):
            for diff in page.get("differences", []):
                blob = diff.get("afterBlob")
                if blob:
                    content = codecommit.get_blob(repositoryName=repo, blobId=blob["blobId"])["content"]
                    scan_file(f"{ref['ref']}:{blob['path']}", content, kinds, findings, key_ids)
    if findings:
        alert(custom.get("alert_topic_arn"), f"a push to {repo}", findings, deactivate(key_ids))
    return {"findings": findings}


def handler(event, _context):
    if "CodePipeline.job" in event:
        return on_job(event)
    return [on_push(r) for r in event.get("Records", [])]
