from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from nightcramp.diary.models import Night


@login_required
def home(request):
    nights = Night.objects.filter(user=request.user).order_by("-night")[:60]
    return render(request, "web/home.html", {"nights": nights})
