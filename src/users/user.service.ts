import type { DataSource, Repository } from "typeorm";
import { UserEntity } from "../db/entities/index.js";
import { AppError, NotFoundError, ValidationError } from "../errors/app.error.js";
import { storageKeys } from "../storage/storage.factory.js";
import type { ObjectStore } from "../storage/object-store.js";
import { isUuid } from "../common/uuid.js";
import type { AccessChangeNotifier } from "../auth/access-change.js";

/** RFC 5321 allows more, but this catches typos without rejecting real addresses. */
const EMAIL_PATTERN = /^[^\s@]{1,64}@[^\s@]{1,255}\.[^\s@]{2,}$/;

/** What {@link UserService.update} may change. */
export interface UserChanges {
  email?: string | null;
  isAdmin?: boolean | null;
}

/** Creates, lists, updates and deletes users. */
export class UserService {
  private readonly users: Repository<UserEntity>;

  constructor(
    dataSource: DataSource,
    private readonly store: ObjectStore,
    /** Told when a user is deleted or loses admin rights, so API instances close their open sockets. */
    private readonly access?: AccessChangeNotifier,
  ) {
    this.users = dataSource.getRepository(UserEntity);
  }

  /** Create a user; e-mails are compared case-insensitively. */
  async create(email: string, options: { isAdmin?: boolean } = {}): Promise<UserEntity> {
    const normalised = email.trim().toLowerCase();
    if (!EMAIL_PATTERN.test(normalised)) throw new ValidationError(`"${email}" is not an e-mail address.`);
    if (await this.users.existsBy({ email: normalised })) {
      throw new AppError("CONFLICT", `A user with e-mail ${normalised} already exists.`);
    }
    return this.users.save(this.users.create({ email: normalised, isAdmin: options.isAdmin ?? false }));
  }

  /** All users, oldest first. */
  list(): Promise<UserEntity[]> {
    return this.users.find({ order: { createdAt: "ASC" } });
  }

  /** A user by id or e-mail. */
  async find(idOrEmail: string): Promise<UserEntity> {
    const byId = isUuid(idOrEmail);
    const user = await this.users.findOneBy(byId ? { id: idOrEmail } : { email: idOrEmail.trim().toLowerCase() });
    if (!user) throw new NotFoundError("User");
    return user;
  }

  /**
   * Set a user's retention overrides (days; 0 keeps forever, null falls back to
   * the global default). Returns the updated user and the settings before.
   * NOT_FOUND for an unknown or malformed id.
   */
  async setRetention(userId: string, days: { completedDays: number | null; failedDays: number | null }): Promise<{ user: UserEntity; previous: { completedDays: number | null; failedDays: number | null } }> {
    const user = isUuid(userId) ? await this.users.findOneBy({ id: userId }) : null;
    if (!user) throw new NotFoundError("User");
    const previous = { completedDays: user.retentionCompletedDays, failedDays: user.retentionFailedDays };
    await this.users.update({ id: user.id }, { retentionCompletedDays: days.completedDays, retentionFailedDays: days.failedDays });
    user.retentionCompletedDays = days.completedDays;
    user.retentionFailedDays = days.failedDays;
    return { user, previous };
  }

  /**
   * Change a user's e-mail (unique, case-insensitive) and/or admin flag.
   * Taking admin rights away notifies the API instances.
   */
  async update(userId: string, changes: UserChanges): Promise<UserEntity> {
    const user = await this.find(userId);
    const wasAdmin = user.isAdmin;
    if (changes.email) {
      const email = changes.email.trim().toLowerCase();
      if (!EMAIL_PATTERN.test(email)) throw new ValidationError(`"${changes.email}" is not an e-mail address.`);
      const taken = await this.users.findOneBy({ email });
      if (taken && taken.id !== user.id) throw new AppError("CONFLICT", `A user with e-mail ${email} already exists.`);
      user.email = email;
    }
    if (changes.isAdmin !== null && changes.isAdmin !== undefined) user.isAdmin = changes.isAdmin;
    const saved = await this.users.save(user);
    if (wasAdmin && !saved.isAdmin) await this.access?.notify({ reason: "user.demoted", userId: saved.id });
    return saved;
  }

  /**
   * Delete a user with their keys, documents, steps and events (database
   * cascade), then their stored objects. Rows go first: a crash in between
   * leaves orphan objects under the user's prefix (harmless, swept by the next
   * delete of the same prefix) rather than rows that point at missing objects.
   * Objects staged by direct uploads go too. Returns how many stored objects were removed.
   */
  async delete(userId: string): Promise<{ objectsRemoved: number }> {
    const result = await this.users.delete({ id: userId });
    if (!result.affected) throw new NotFoundError("User");
    await this.access?.notify({ reason: "user.deleted", userId });
    const objectsRemoved = (await this.store.deletePrefix(storageKeys.userPrefix(userId))) + (await this.store.deletePrefix(storageKeys.stagedUploadPrefix(userId)));
    return { objectsRemoved };
  }
}
