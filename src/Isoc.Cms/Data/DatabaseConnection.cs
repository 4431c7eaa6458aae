namespace Isoc.Cms.Data;

/// <summary>
/// The database the engine runs on, resolved once at start (provider, and the connection string with the
/// SQLite default filled in). Plugins that keep their own tables in their own <c>DbContext</c> connect with
/// this, so the engine never needs to know their models and every module still shares one database.
/// </summary>
public sealed record DatabaseConnection(DatabaseProvider Provider, string ConnectionString);
