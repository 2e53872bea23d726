// tasklane/register has no exports: loading it installs the hook.
export {};
