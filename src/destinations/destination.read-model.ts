import type { DataSource } from "typeorm";
import { DestinationEntity } from "../db/entities/index.js";

/** Reads of users' delivery destinations (never their sealed secrets: the column is not selected by default). */
export class DestinationReadModel {
  constructor(private readonly dataSource: DataSource) {}

  /** The caller's destinations, oldest first. */
  list(userId: string): Promise<DestinationEntity[]> {
    return this.dataSource.getRepository(DestinationEntity).find({ where: { userId }, order: { createdAt: "ASC" } });
  }
}
