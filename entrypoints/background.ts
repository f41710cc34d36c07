export default defineBackground(() => {
  console.log('carebar background');
});
