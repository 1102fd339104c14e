// Imported first by every entry point, so it runs before any module that may create a file: what
// this process writes — the database (password hashes), backups, secrets, progress files — is
// private to the user running it (files 0600, directories 0700), and so is what the processes it
// starts write (the Next.js server, the worker, the scheduler, prisma migrate): children inherit
// the umask.
process.umask(0o077);
