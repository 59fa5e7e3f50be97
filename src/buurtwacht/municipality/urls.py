app_name = "municipality"
urlpatterns: list = []
