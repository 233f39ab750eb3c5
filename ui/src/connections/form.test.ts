import { describe, expect, it } from "vitest";
import type { Connection } from "../backend";
import {
  checkForm,
  connectOptions,
  describe as describeConnection,
  emptyForm,
  endpointNote,
  formFromConnection,
  kindsOffered,
  regionChoices,
  titleOf,
  toEdit,
  toNewConnection,
  toSecretInput,
  withoutSecrets,
} from "./form";

const keys: Connection = {
  id: "id-1",
  name: "prod",
  region: "eu-west-1",
  endpointUrl: null,
  auth: { kind: "accessKey", accessKeyId: "AKIAIOSFODNN7EXAMPLE", hasSessionToken: false, mfaSerial: null },
};

describe("connection form", () => {
  it("does not offer access keys without an OS keyring", () => {
    expect(kindsOffered(null)).toContain("accessKey");
    expect(kindsOffered("No OS keyring")).not.toContain("accessKey");
    expect(emptyForm("No OS keyring").kind).toBe("awsProfile");
    expect(emptyForm(null).kind).toBe("accessKey");
  });

  it("checks names, regions, endpoints and keys in plain words", () => {
    const form = {
      ...emptyForm(null),
      name: "PROD",
      region: "eu-west",
      accessKeyId: "short",
      endpointUrl: "ftp://x",
    };
    const problems = checkForm(form, [keys], null);
    expect(problems.name).toMatch(/already exists/);
    expect(problems.region).toMatch(/us-east-1/);
    expect(problems.endpointUrl).toMatch(/http/);
    expect(problems.accessKeyId).toMatch(/AKIA/);
    expect(problems.secretAccessKey).toMatch(/keyring/);
    const ok = {
      ...emptyForm(null),
      name: "dev",
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: "s3cret",
    };
    expect(checkForm(ok, [keys], null)).toEqual({});
    expect(checkForm(ok, [keys], "No OS keyring (Secret Service)").kind).toMatch(/keyring/);
    expect(checkForm({ ...emptyForm(null), name: "p", kind: "awsProfile" }, [], null).profile).toBeDefined();
    expect(
      checkForm({ ...emptyForm(null), name: "s", kind: "localSandbox" }, [], null).endpointUrl,
    ).toBeDefined();
  });

  it("editing keeps the name of the edited connection and needs no secret", () => {
    const form = formFromConnection(keys);
    expect(form.secretAccessKey).toBe("");
    expect(checkForm(form, [keys], "no keyring")).toEqual({});
    expect(toEdit({ ...form, region: " ", mfaSerial: "arn:aws:iam::1:mfa/me" })).toEqual({
      name: "prod",
      region: null,
      endpointUrl: null,
      mfaSerial: "arn:aws:iam::1:mfa/me",
    });
  });

  it("sends the secret once, as typed, and nothing empty", () => {
    const form = {
      ...emptyForm(null),
      name: " dev ",
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: "abc/def",
      endpointUrl: "http://127.0.0.1:5000",
    };
    expect(toNewConnection(form)).toEqual({
      name: "dev",
      region: "us-east-1",
      endpointUrl: "http://127.0.0.1:5000",
      auth: {
        kind: "accessKey",
        accessKeyId: "AKIAIOSFODNN7EXAMPLE",
        secretAccessKey: "abc/def",
        sessionToken: null,
        mfaSerial: null,
      },
    });
    expect(toNewConnection({ ...form, kind: "awsProfile", profile: "dev" }).auth).toEqual({
      kind: "awsProfile",
      profile: "dev",
    });
    expect(toNewConnection({ ...form, kind: "environment" }).auth).toEqual({ kind: "environment" });
    expect(withoutSecrets(form).secretAccessKey).toBe("");
    expect(toSecretInput("", "new", "")).toEqual({
      accessKeyId: null,
      secretAccessKey: "new",
      sessionToken: null,
    });
    expect(connectOptions(" 123456 ").mfaCode).toBe("123456");
  });

  it("describes connections without showing whole key ids", () => {
    expect(describeConnection(keys)).toBe("Access key AKIA…MPLE · eu-west-1");
    expect(
      describeConnection({ ...keys, auth: { kind: "localSandbox" }, endpointUrl: "http://127.0.0.1:4599" }),
    ).toBe("Local sandbox, not AWS · eu-west-1 · http://127.0.0.1:4599");
  });

  it("says an endpoint other than AWS's, and what set it", () => {
    const active = {
      id: "id-1",
      name: "prod",
      kind: "awsProfile" as const,
      region: "eu-west-1",
      endpointUrl: null,
      isSandbox: false,
      title: "prod · eu-west-1",
    };
    expect(endpointNote(null)).toBeNull();
    expect(endpointNote(active)).toBeNull();
    expect(endpointNote({ ...active, endpointUrl: "https://vpce.example" })).toBe(
      "endpoint https://vpce.example, not AWS's own",
    );
    expect(
      endpointNote({ ...active, endpointUrl: "http://127.0.0.1:5000", endpointFrom: "AWS_ENDPOINT_URL" }),
    ).toBe("endpoint http://127.0.0.1:5000 (set by AWS_ENDPOINT_URL), not AWS's own");
    expect(
      endpointNote({ ...active, endpointUrl: "http://127.0.0.1:9", kind: "localSandbox", isSandbox: true }),
    ).toBeNull();
  });

  it("titles and region lists", () => {
    expect(titleOf(null)).toEqual({ label: "No connection", sandbox: false });
    expect(regionChoices(["us-east-1"], "xx-test-1")).toEqual(["xx-test-1", "us-east-1"]);
    expect(regionChoices(["us-east-1"], "us-east-1")).toEqual(["us-east-1"]);
  });
});
