import { Arg, Args, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { audited, auditRequest } from "../audit-request.js";
import { AppError, NotFoundError } from "../../errors/app.error.js";
import { requireAdmin, requireUser, type GraphQLContext } from "../context.js";
import { CreateUserInput, UpdateUserArgs } from "../inputs/account.input.js";
import { IdArgs } from "../inputs/id.args.js";
import { toApiKeyType, toUserType } from "../mappers.js";
import { ApiKeyType, CreatedApiKey, CreatedUser, UserType } from "../types/account.type.js";

/** The caller's own account and keys, and user administration. */
@Resolver()
export class AccountResolver {
  @Query(() => UserType, { description: "The user the API key belongs to." })
  me(@Ctx() ctx: GraphQLContext): UserType {
    return toUserType(requireUser(ctx));
  }

  @Query(() => [ApiKeyType], { description: "Your API keys (never their secrets)." })
  async apiKeys(@Ctx() ctx: GraphQLContext): Promise<ApiKeyType[]> {
    return (await ctx.services.app.apiKeys.list(requireUser(ctx).id)).map(toApiKeyType);
  }

  @Mutation(() => CreatedApiKey, { description: "Create an API key for yourself; the secret is returned only here." })
  async createApiKey(@Arg("name", () => String, { defaultValue: "default" }) name: string, @Ctx() ctx: GraphQLContext): Promise<CreatedApiKey> {
    const { key, record } = await ctx.services.app.apiKeys.create(requireUser(ctx).id, name);
    await auditRequest(ctx, { action: "api_key.create", targetType: "api_key", targetId: record.id, detail: { name: record.name, prefix: record.prefix } });
    return { key, apiKey: toApiKeyType(record) };
  }

  @Mutation(() => ApiKeyType, { description: "Revoke one of your API keys." })
  async revokeApiKey(@Args(() => IdArgs) { id }: IdArgs, @Ctx() ctx: GraphQLContext): Promise<ApiKeyType> {
    return toApiKeyType(await audited(ctx, ctx.services.app.apiKeys.revoke(id, requireUser(ctx).id), (k) => ({ action: "api_key.revoke", targetType: "api_key", targetId: k.id, detail: { name: k.name, prefix: k.prefix } })));
  }

  @Query(() => [UserType], { description: "Admins: every user." })
  async users(@Ctx() ctx: GraphQLContext): Promise<UserType[]> {
    requireAdmin(ctx);
    return (await ctx.services.app.users.list()).map(toUserType);
  }

  @Mutation(() => CreatedUser, { description: "Admins: create a user with a first API key." })
  async createUser(@Arg("input", () => CreateUserInput) input: CreateUserInput, @Ctx() ctx: GraphQLContext): Promise<CreatedUser> {
    requireAdmin(ctx);
    const user = await ctx.services.app.users.create(input.email, { isAdmin: input.isAdmin });
    const { key } = await ctx.services.app.apiKeys.create(user.id);
    await auditRequest(ctx, { action: "user.create", targetType: "user", targetId: user.id, detail: { email: user.email, isAdmin: user.isAdmin } });
    return { user: toUserType(user), apiKey: key };
  }

  @Mutation(() => UserType, { description: "Admins: change a user's e-mail or admin flag." })
  async updateUser(@Args(() => UpdateUserArgs) { id, input }: UpdateUserArgs, @Ctx() ctx: GraphQLContext): Promise<UserType> {
    const admin = requireAdmin(ctx);
    const user = await ctx.services.app.users.find(id).catch(() => {
      throw new NotFoundError("User");
    });
    if (input.isAdmin === false && user.id === admin.id) throw new AppError("CONFLICT", "You cannot remove your own admin rights.");
    return toUserType(await audited(ctx, ctx.services.app.users.update(user.id, { email: input.email, isAdmin: input.isAdmin }), (u) => ({ action: "user.update", targetType: "user", targetId: u.id, detail: { email: input.email ?? null, isAdmin: input.isAdmin ?? null } })));
  }

  @Mutation(() => ID, { description: "Admins: delete a user with all their keys, documents and stored files. Returns the id." })
  async deleteUser(@Args(() => IdArgs) { id }: IdArgs, @Ctx() ctx: GraphQLContext): Promise<string> {
    const admin = requireAdmin(ctx);
    if (id === admin.id) throw new AppError("CONFLICT", "You cannot delete yourself.");
    const user = await ctx.services.app.users.find(id);
    await ctx.services.app.users.delete(user.id);
    await auditRequest(ctx, { action: "user.delete", targetType: "user", targetId: user.id, detail: { email: user.email } });
    return user.id;
  }
}
