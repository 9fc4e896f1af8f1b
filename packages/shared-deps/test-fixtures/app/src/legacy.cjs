// A CommonJS module that requires a shared package: the factory must turn the require into an import.
module.exports = function reactVersion() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the point of this fixture is a CommonJS require
  return require('react').version;
};
