import type { DataSource, Repository } from "typeorm";
import type { SecretBox } from "../auth/secret-box.js";
import { DestinationEntity, type DestinationKind } from "../db/entities/index.js";
import { AppError, NotFoundError, ValidationError } from "../errors/app.error.js";
import { assertSafeKey } from "../storage/object-store.js";
import { createWithinQuota } from "../db/quota.guard.js";
import { isUuid } from "../common/uuid.js";

// Delivery step names belong to the document's steps (documents/step.names.ts).
export { deliveryStepName, isDeliveryStep } from "../documents/step.names.js";

/** Settings of an S3 destination (the secret key is given separately and sealed). */
export interface S3DestinationSettings {
  endpoint: string;
  region: string;
  bucket: string;
  /** Key prefix inside the bucket, e.g. `folio/results/`. */
  prefix: string;
  accessKey: string;
  pathStyle: boolean;
}

/** Settings of an HTTP destination. */
export interface HttpDestinationSettings {
  url: string;
}

/** A new destination as a user describes it. */
export interface DestinationInput {
  name: string;
  kind: DestinationKind;
  s3?: S3DestinationSettings & { secretKey: string };
  http?: HttpDestinationSettings & { authorization?: string | null };
}

const NAME = /^[a-z0-9][a-z0-9-]{0,47}$/;

function validUrl(value: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** Creates, changes and removes a user's delivery destinations (the list is in DestinationReadModel). */
export class DestinationService {
  private readonly repo: Repository<DestinationEntity>;

  private readonly maxPerUser: number;

  /** `maxPerUser`: how many destinations one user may have (MAX_DESTINATIONS_PER_USER; default 20). */
  constructor(
    private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
    options: { maxPerUser?: number } = {},
  ) {
    this.repo = dataSource.getRepository(DestinationEntity);
    this.maxPerUser = options.maxPerUser ?? 20;
  }

  async create(userId: string, input: DestinationInput): Promise<DestinationEntity> {
    const problems: string[] = [];
    if (!NAME.test(input.name)) problems.push("name must be 1-48 of a-z, 0-9 and -, starting with a letter or digit");
    let config: Record<string, unknown> = {};
    let secret: string | null = null;
    if (input.kind === "s3") {
      const s3 = input.s3;
      if (!s3) problems.push("s3 settings are required for an s3 destination");
      else {
        if (!validUrl(s3.endpoint, ["http:", "https:"])) problems.push("s3.endpoint must be an http(s) URL");
        if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(s3.bucket)) problems.push("s3.bucket is not a valid bucket name");
        if (s3.prefix !== "") {
          try {
            assertSafeKey(s3.prefix.endsWith("/") ? s3.prefix : `${s3.prefix}/`, { prefix: true });
          } catch {
            problems.push("s3.prefix may hold only A-Z a-z 0-9 . _ - and / between segments");
          }
        }
        if (!s3.accessKey || !s3.secretKey) problems.push("s3.accessKey and s3.secretKey are required");
        const prefix = s3.prefix === "" || s3.prefix.endsWith("/") ? s3.prefix : `${s3.prefix}/`;
        config = { endpoint: s3.endpoint, region: s3.region || "us-east-1", bucket: s3.bucket, prefix, accessKey: s3.accessKey, pathStyle: s3.pathStyle };
        secret = s3.secretKey;
      }
    } else if (input.kind === "http") {
      const http = input.http;
      if (!http || !validUrl(http.url, ["http:", "https:"])) problems.push("http.url must be an http(s) URL");
      else {
        config = { url: http.url };
        secret = http.authorization ?? null;
      }
    } else {
      problems.push("kind must be s3 or http");
    }
    if (problems.length) throw new ValidationError("The destination is invalid.", problems);
    const secretEnc = secret ? this.secrets.seal(secret) : null;
    return createWithinQuota(this.dataSource, {
      userId,
      resource: "destinations",
      label: "destinations",
      limit: this.maxPerUser,
      count: (m) => m.countBy(DestinationEntity, { userId }),
      create: async (m) => {
        if (await m.existsBy(DestinationEntity, { userId, name: input.name })) throw new AppError("CONFLICT", `You already have a destination named ${input.name}.`);
        return m.save(m.create(DestinationEntity, { userId, name: input.name, kind: input.kind, config, secretEnc, active: true }));
      },
    });
  }

  /** A destination of the user's (another user's is NOT_FOUND). */
  async get(userId: string, id: string): Promise<DestinationEntity> {
    const found = isUuid(id) ? await this.repo.findOneBy({ id, userId }) : null;
    if (!found) throw new NotFoundError("Destination");
    return found;
  }

  async setActive(userId: string, id: string, active: boolean): Promise<DestinationEntity> {
    const found = await this.get(userId, id);
    found.active = active;
    return this.repo.save(found);
  }

  async delete(userId: string, id: string): Promise<void> {
    const found = await this.get(userId, id);
    await this.repo.delete({ id: found.id });
  }

  /** The destination with its secret opened, for sending. */
  async withSecret(userId: string, name: string): Promise<{ destination: DestinationEntity; secret: string | null } | null> {
    const destination = await this.repo.createQueryBuilder("d").addSelect("d.secretEnc").where("d.user_id = :userId AND d.name = :name", { userId, name }).getOne();
    if (!destination) return null;
    return { destination, secret: destination.secretEnc ? this.secrets.open(destination.secretEnc) : null };
  }
}
